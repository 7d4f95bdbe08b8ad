/**
 * What every channel offers the app, whatever the platform: its HTTP routes, a life cycle, the
 * outbox's way out, and links that open the bot on it. The app composes a list of these.
 */
import type { Router } from 'express';
import type { ChannelDelivery } from '../domain/delivery';
import type { ChannelName } from '../domain/model';

export interface Channel extends ChannelDelivery {
  readonly name: ChannelName;
  /** Whether the bot can write days after the person last did (a reminder); Messenger allows 24 hours. */
  readonly reachesLater: boolean;
  /** Its HTTP routes (webhooks, pages), mounted before the dashboard's. */
  routes(): Router;
  /** Connects to the platform (polling, webhook registration, menus). */
  start(): Promise<void>;
  /** Waits for the replies being sent, then lets go of the platform. */
  stop(): Promise<void>;
  /** A link opening the bot on this channel with a start parameter (a shared opportunity). */
  shareLink?(ref: string): string;
  /** A link joining this channel to a person known elsewhere, with a one-time token. */
  continueLink?(token: string): string;
}
